package main

// The constant's type is still being declared when the constant is checked (the checker used to
// read the unset underlying type and crash).
const c T = 1

type T [c]int

func main() {}
