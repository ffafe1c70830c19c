module example.com/pkgname

go 1.19
