package main

import (
	"example.com/missing/nope"
	"fmt"
)

func main() { fmt.Println(nope.X) }
