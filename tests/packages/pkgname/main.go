package main

// The package in directory utils is named helper: importers use its declared name.
import (
	"example.com/pkgname/utils"
	"fmt"
)

func main() { fmt.Println(helper.X, helper.Name()) }
