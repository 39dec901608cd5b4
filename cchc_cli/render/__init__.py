"""Stage 4: backends that turn the plan model into documents."""
