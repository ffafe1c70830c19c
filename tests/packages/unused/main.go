package main

import (
	"example.com/unused/lib"
	"fmt"
)

func main() { fmt.Println(lib.F()) }
