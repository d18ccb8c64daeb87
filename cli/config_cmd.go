package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/podmux/podmux/config"
)

// ConfigCmd groups the configuration file commands.
type ConfigCmd struct {
	Path    ConfigPathCmd    `cmd:"" help:"Print the configuration file's path."`
	Example ConfigExampleCmd `cmd:"" help:"Print a commented example configuration."`
	Check   ConfigCheckCmd   `cmd:"" help:"Read and validate the configuration file; print warnings."`
}

// ConfigPathCmd prints $XDG_CONFIG_HOME/podmux/config.yaml.
type ConfigPathCmd struct{}

// Run prints the path.
func (ConfigPathCmd) Run() error {
	fmt.Println(config.SystemEnv().ConfigFile())
	return nil
}

// ConfigExampleCmd prints the example configuration (exampleConfig).
type ConfigExampleCmd struct{}

// Run prints the example.
func (ConfigExampleCmd) Run() error {
	fmt.Print(exampleConfig())
	return nil
}

// ConfigCheckCmd validates the file.
type ConfigCheckCmd struct{}

// Run validates the file at the usual path.
func (ConfigCheckCmd) Run() error { return checkConfig(config.SystemEnv().ConfigFile(), os.Stdout) }

func checkConfig(path string, out io.Writer) error {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		fmt.Fprintf(out, "%s does not exist: the defaults apply (see `podmux config example`).\n", path)
		return nil
	}
	c, err := loadConfigFile(path)
	if err != nil {
		return err
	}
	for _, w := range c.Warnings {
		fmt.Fprintf(out, "warning: %s\n", w)
	}
	fmt.Fprintf(out, "%s is valid (%d profile(s)).\n", path, len(c.Profiles))
	return nil
}
