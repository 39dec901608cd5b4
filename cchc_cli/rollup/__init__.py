"""Provincial roll-up (cchc rollup): plans of a province → tong-hop.json, tong-hop.xlsx, tong-hop.docx.

compute.py (pure figures) ← summary.py (what is kept of each plan, cached) ← run.py (files, cache,
workers); json_io.py, xlsx.py, docx.py write the three outputs.
"""
