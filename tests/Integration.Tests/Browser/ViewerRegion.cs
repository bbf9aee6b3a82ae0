using ArrHost.Tooling.Region;

namespace ArrHost.Integration.Tests.Browser;

/// <summary>A region with one Standard host for the browser tests: fast start-up and heartbeats.</summary>
public sealed class ViewerRegion : RegionFixture
{
    internal override RegionOptions Options(string folder) => new()
    {
        Hosts = ["standard"],
        StartupDelaySeconds = 0.5,
        ControlPlaneArguments = ["--heartbeat-interval-ms", "250", "--heartbeat-timeout-ms", "10000"],
    };
}
