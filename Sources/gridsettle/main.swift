print("gridsettle")
