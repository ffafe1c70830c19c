package main

import (
	"example.com/mixedpkg/lib"
	"fmt"
)

func main() { fmt.Println(lib.X) }
