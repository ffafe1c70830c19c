// Loaded by api_test's "dir" test as a directory (gol_load_file on a package directory): the
// main package imports a package of its own module and a host package.
package main

import (
	"example.com/apimod/util"
	"host"
)

func Twice(n int) int { return util.Double(n) }

func HostTwice(a int) int { return host.Mul(a, 2) }

func main() {}
