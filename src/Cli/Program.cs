using System.CommandLine;

var root = new RootCommand("arr: run and use a local ArrHost remote-rendering region.");
return await root.Parse(args).InvokeAsync();
