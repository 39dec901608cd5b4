"""`cchc import`: a Word plan (KẾ HOẠCH, or a Quyết định with the plan attached) → a draft plan YAML."""
