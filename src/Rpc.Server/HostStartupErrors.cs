using Microsoft.Extensions.Options;

namespace ArrHost.Rpc.Server;

/// <summary>
/// What a host prints when its settings are unusable: a switch that is unknown or has no value, a value the binder
/// cannot convert, or what the options validator refused, named by the switch the user typed (not the configuration key).
/// </summary>
public static class HostStartupErrors
{
    /// <summary>Refuses a command line with anything but the host's switches, each with a value (--name value or --name=value).</summary>
    /// <exception cref="ArgumentException">Names the unknown switch (listing the known ones) or the one without a value.</exception>
    public static void CheckSwitches(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> switches)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(switches);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].Split('=', 2)[0];
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            if (!switches.ContainsKey(name)) throw new ArgumentException($"unknown switch {name}; known: {string.Join(", ", switches.Keys)}");
            if (!args[i].Contains('=', StringComparison.Ordinal) && ++i >= args.Count) throw new ArgumentException($"{name} needs a value");
        }
    }

    /// <summary>The message for a settings error, or null when <paramref name="error"/> is something else.</summary>
    /// <param name="switches">The host's switches and the configuration keys they set.</param>
    public static string? Describe(Exception error, IReadOnlyDictionary<string, string> switches)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(switches);
        var settings = error is ArgumentException or OptionsValidationException
            || (error is InvalidOperationException && error.Source == "Microsoft.Extensions.Configuration.Binder");
        if (!settings) return null;
        var message = error.Message;
        foreach (var (name, key) in switches) message = message.Replace($"'{key}'", name, StringComparison.Ordinal);
        return message;
    }
}
