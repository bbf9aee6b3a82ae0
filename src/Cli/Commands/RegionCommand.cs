using System.CommandLine;
using ArrHost.Tooling.Region;

namespace ArrHost.Cli.Commands;

/// <summary>`arr region`: runs a local region in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class RegionCommand
{
    public static readonly Option<string> HostsOption = new("--hosts")
    {
        Description = "Render host sizes, comma-separated, one host each",
        DefaultValueFactory = _ => "standard,premium",
    };

    public static readonly Option<string> StoreOption = new("--store")
    {
        Description = "sqlite:PATH (default) or postgres:CONNECTION-STRING",
        DefaultValueFactory = _ => "sqlite:out/region.db",
    };

    public static readonly Option<double> StartupDelayOption = new("--startup-delay")
    {
        Description = "Simulated VM start-up per session, in seconds (the real service took about 150)",
        DefaultValueFactory = _ => 2,
    };

    public static readonly Option<int> GrpcPortOption = new("--grpc-port") { Description = "Control plane gRPC port (0 picks a free one)" };
    public static readonly Option<int> RestPortOption = new("--rest-port") { Description = "Control plane REST port (0 picks a free one)" };
    public static readonly Option<string> RegionNameOption = new("--region") { Description = "Region name", DefaultValueFactory = _ => "local" };
    public static readonly Option<string> AssetRootOption = new("--asset-root") { Description = "Folder models are loaded from by path", DefaultValueFactory = _ => "assets/models" };

    public static readonly Option<string> AllowedUrlsOption = new("--allowed-urls")
    {
        Description = "Comma-separated http(s) URL prefixes every render host may load models from (\"*\" for any); none by default",
        DefaultValueFactory = _ => "",
    };

    public static readonly Option<bool> HttpsOption = new("--https")
    {
        Description = "Serve the control plane's REST and gRPC ports over TLS with a self-signed development certificate (made in out/tls/ " +
                      "and reused; its path is \"caCertificate\" in out/region.json, for clients to trust)",
    };

    public static Command Create()
    {
        var command = new Command("region", """
            Run a local region in the foreground: a control plane (SQLite) and render hosts on loopback.
            Writes out/region.json for scripts and the other commands; Ctrl-C stops everything.

            Examples:
              ./arr region
              ./arr region --hosts standard,standard,premium --startup-delay 0
              ./arr region --grpc-port 50050 --rest-port 8080
              ./arr region --allowed-urls https://models.example.com/glTF/,http://127.0.0.1:8000/
              ./arr region --https          # then: curl --cacert out/tls/arr-dev.crt https://127.0.0.1:PORT/alive
            """);
        command.Options.Add(HostsOption);
        command.Options.Add(StoreOption);
        command.Options.Add(StartupDelayOption);
        command.Options.Add(GrpcPortOption);
        command.Options.Add(RestPortOption);
        command.Options.Add(RegionNameOption);
        command.Options.Add(AssetRootOption);
        command.Options.Add(AllowedUrlsOption);
        command.Options.Add(HttpsOption);
        command.SetAction(RunAsync);
        return command;
    }

    public static RegionOptions ReadOptions(ParseResult result) => new()
    {
        Hosts = result.GetValue(HostsOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Store = result.GetValue(StoreOption)!,
        StartupDelaySeconds = result.GetValue(StartupDelayOption),
        GrpcPort = result.GetValue(GrpcPortOption),
        RestPort = result.GetValue(RestPortOption),
        Region = result.GetValue(RegionNameOption)!,
        AssetRoot = result.GetValue(AssetRootOption)!,
        AllowedUrls = result.GetValue(AllowedUrlsOption)!,
        Https = result.GetValue(HttpsOption),
    };

    /// <summary>Why an --allowed-urls value is refused, or null: each entry must be "*" or an absolute http(s) URL.</summary>
    public static string? AllowedUrlsError(string value)
    {
        foreach (var prefix in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // The host compares prefixes as text, so anything else would silently allow nothing.
            if (prefix == "*") continue;
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"--allowed-urls takes http(s) URL prefixes or *, not '{prefix}'";
            }
        }

        return null;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken ct)
    {
        var options = ReadOptions(result);
        foreach (var size in options.Hosts)
        {
            if (size is not ("standard" or "premium"))
            {
                await Console.Error.WriteLineAsync($"arr region: --hosts takes 'standard' and 'premium', not '{size}'").ConfigureAwait(false);
                return 2;
            }
        }

        if (AllowedUrlsError(options.AllowedUrls) is { } allowedUrlsError)
        {
            await Console.Error.WriteLineAsync($"arr region: {allowedUrlsError}").ConfigureAwait(false);
            return 2;
        }

        LocalRegion region;
        try
        {
            region = await LocalRegion.StartAsync(options, s => Console.Error.WriteLine($"  {s}"), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"arr region: {ex.Message} (logs in {Path.Combine(options.OutDirectory, "logs")})").ConfigureAwait(false);
            return 1;
        }

        await using (region.ConfigureAwait(false))
        {
            var file = region.WriteInfoFile();
            var info = region.Info;
            Console.WriteLine($"Region '{info.Region}' is up.");
            Console.WriteLine($"  gRPC endpoint : {info.Endpoint}");
            Console.WriteLine($"  REST endpoint : {info.RestEndpoint}");
            Console.WriteLine($"  account id    : {info.AccountId}");
            Console.WriteLine($"  account key   : {info.AccountKey}");
            foreach (var h in info.Hosts) Console.WriteLine($"  host {h.Id,-20} {h.Size,-9} {h.Endpoint}  {h.Device}");
            Console.WriteLine($"  written to    : {file}");
            Console.WriteLine("Press Ctrl-C to stop.");
            var exited = Task.WhenAny(region.HostProcesses.Select(h => h.Exited));
            try
            {
                var done = await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
                if (done == exited)
                {
                    await Console.Error.WriteLineAsync("arr region: a render host exited; stopping the region").ConfigureAwait(false);
                    return 1;
                }
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("Stopping the region...");
        }

        return 0;
    }
}
