import "fmt"
func f() int { return 1 }
var y = f()
