package main

import (
	"example.com/cycle/a"
	"fmt"
)

func main() { fmt.Println(a.A) }
