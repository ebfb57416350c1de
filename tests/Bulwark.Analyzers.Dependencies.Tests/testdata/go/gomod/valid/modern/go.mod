module example.com/shop

go 1.22.5

toolchain go1.22.6

require (
	github.com/spf13/cobra v1.8.0
	golang.org/x/net v0.23.0
	github.com/rogpeppe/go-internal v1.12.0 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	example.com/shared v0.0.0-00010101000000-000000000000
	github.com/Azure/go-autorest v14.2.0+incompatible
)

require github.com/pkg/errors v0.9.1

exclude golang.org/x/net v0.22.0

replace github.com/rogpeppe/go-internal => github.com/cli/go-internal v0.0.0-20241024130215-fa3c22e38b9b

replace example.com/shared => ../shared
