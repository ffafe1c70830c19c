module example.com/nogofiles

go 1.19
