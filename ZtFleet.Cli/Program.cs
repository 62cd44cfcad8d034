using ZtFleet.Cli.Hosting;

return await CliApp.RunAsync(args);
