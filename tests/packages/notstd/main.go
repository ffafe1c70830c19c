package main

import (
	"fmt"
	"example.com/notstd/sub/deeper"
)

func main() { fmt.Println(deeper.X) }
