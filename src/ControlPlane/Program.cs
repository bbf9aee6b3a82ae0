using ArrHost.ControlPlane.Hosting;
using ArrHost.Rpc.Server;

// arr-controlplane: the simulated cloud of one region (see ControlPlaneApp.Switches for the options).
try
{
    await using var app = ControlPlaneApp.Build(args);
    await app.StartControlPlaneAsync(Console.Out);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception ex) when (HostStartupErrors.Describe(ex, ControlPlaneApp.Switches) is { } message)
{
    Console.Error.WriteLine($"arr-controlplane: {message}");
    return 2;
}
