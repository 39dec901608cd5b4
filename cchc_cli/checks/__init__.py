"""Stage 2: checks. Each module looks at a loaded plan and yields Problems; none does I/O."""
