package main

import (
	"example.com/unexported/lib"
	"fmt"
)

func main() { fmt.Println(lib.Shown(), lib.hidden()) }
