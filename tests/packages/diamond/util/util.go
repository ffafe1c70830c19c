package util

import "fmt"

func Twice(x int) int { return 2 * x }

func init() { fmt.Println("util init") }
