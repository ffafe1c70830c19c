x := 1
fmt.Println(x)
