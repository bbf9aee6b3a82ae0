using ArrHost.ControlPlane.Hosting;

// arr-controlplane: the simulated cloud of one region (see ControlPlaneApp.Switches for the options).
var app = ControlPlaneApp.Build(args);
await app.StartControlPlaneAsync(Console.Out);
await app.WaitForShutdownAsync();
