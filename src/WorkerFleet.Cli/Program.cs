using WorkerFleet.Cli;

return await FleetCommandLine.RunAsync(args);
