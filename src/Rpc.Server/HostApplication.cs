using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ArrHost.Rpc.Server;

/// <summary>The start of both hosts' Build: their switches checked and bound, their ARR_* variables beneath them, one log format.</summary>
public static class HostApplication
{
    /// <param name="args">The command line: only <paramref name="switches"/>, each with a value.</param>
    /// <param name="switches">Each switch and the configuration key it sets.</param>
    /// <param name="environment">Environment variables and the configuration keys they set; the command line wins.</param>
    /// <exception cref="ArgumentException">A switch is unknown or has no value.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string> switches, IEnumerable<(string Variable, string Key)> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        HostStartupErrors.CheckSwitches(args, switches);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        var env = new Dictionary<string, string?>();
        foreach (var (variable, key) in environment)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v) env[key] = v;
        }

        builder.Configuration.AddInMemoryCollection(env);
        builder.Configuration.AddCommandLine(args, switches.ToDictionary());
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        return builder;
    }
}
