print("panelbrief")
