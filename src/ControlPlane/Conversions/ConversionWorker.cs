using System.Diagnostics;
using ArrHost.ControlPlane.Diagnostics;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Store;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Conversions;

/// <summary>
/// Runs queued conversions one at a time: NotStarted -> Running -> Succeeded (output written under the asset root) or
/// Failed (with the reason). Each move is a conditional write, so a conversion is claimed by one replica only;
/// after a restart, conversions left NotStarted or Running are run again from the start.
/// </summary>
internal sealed class ConversionWorker(
    IControlPlaneStore store,
    ConversionQueue queue,
    ConversionLocations locations,
    IHttpClientFactory httpFactory,
    IOptions<ControlPlaneOptions> options,
    TimeProvider clock,
    ILogger<ConversionWorker> logger) : BackgroundService
{
    public const string HttpClientName = "conversions";

    /// <summary>Queues the conversions a previous process left unfinished (called once the store is migrated).</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        foreach (var c in await store.ListUnfinishedConversionsAsync(ct)) queue.Enqueue(c.AccountId, c.Id);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (account, id) in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(account, id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.BackgroundFailed(logger, "conversion " + id, e);
            }
        }
    }

    private async Task RunAsync(string account, string id, CancellationToken stoppingToken)
    {
        var c = await store.GetConversionAsync(account, id, stoppingToken);
        if (c is null || c.IsFinished) return;
        var version = c.Version;
        c.Status = ConversionStatus.Running;
        if (!await store.UpdateConversionAsync(c, version, stoppingToken)) return; // another replica has it
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ConversionTimeoutSeconds));
        try
        {
            var output = locations.OutputFile(c.Settings);
            var (folder, url) = locations.InputContainer(c.Settings);
            var budget = new ByteBudget(options.Value.MaxConversionInputBytes);
            IAssetSource source = folder is not null
                ? new LocalFolderSource(folder, budget)
                : new HttpAssetSource(httpFactory.CreateClient(HttpClientName), url!, c.Settings.InputReadSas, budget);
            await AssetConverter.ConvertAsync(source, c.Settings.RelativeInputAssetPath, c.Settings.InputBlobPrefix, output, timeout.Token);
            c.Status = ConversionStatus.Succeeded;
            c.OutputAssetUri = new Uri(output).AbsoluteUri;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw; // left Running: the next start runs it again
        }
        catch (Exception e)
        {
            c.Status = ConversionStatus.Failed;
            (c.ErrorCode, c.ErrorMessage) = e switch
            {
                ConversionFailure f => (f.Code, f.Message),
                OperationCanceledException => ("Timeout", $"The conversion took longer than {options.Value.ConversionTimeoutSeconds} s."),
                ArrException a => ("InvalidInput", a.Message),
                IOException io => ("OutputFailed", "Writing the output failed: " + io.Message),
                _ => ("InternalServerError", "The conversion failed unexpectedly."),
            };
            if (e is not (ConversionFailure or ArrException or OperationCanceledException)) Log.BackgroundFailed(logger, "conversion " + id, e);
        }
        c.EndTime = clock.GetUtcNow();
        await store.UpdateConversionAsync(c, c.Version, CancellationToken.None);
        Log.ConversionFinished(logger, account, id, c.Status.ToString(), watch.Elapsed.TotalSeconds);
    }
}
