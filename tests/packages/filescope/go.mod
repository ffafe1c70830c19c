module example.com/filescope

go 1.19
