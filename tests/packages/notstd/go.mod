module example.com/notstd

go 1.19
