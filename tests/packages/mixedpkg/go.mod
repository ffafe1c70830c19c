module example.com/mixedpkg

go 1.19
