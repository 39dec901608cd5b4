"""`cchc report`: the periodic BÁO CÁO of each agency and the province's consolidated one."""
