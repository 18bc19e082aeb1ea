using Moat.Cli;

return await MoatRootCommand.RunAsync(args);
