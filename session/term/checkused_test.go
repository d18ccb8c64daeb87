package term

// Every engine test in this package also checks line.used after each Write and Resize.
func init() { checkUsed = true }
