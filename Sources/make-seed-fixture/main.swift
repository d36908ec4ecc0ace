print("make-seed-fixture")
