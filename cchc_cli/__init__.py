"""cchc — trình biên dịch kế hoạch cải cách hành chính (CCHC) từ YAML sang văn bản chính thức."""

__version__ = "0.1.0"
