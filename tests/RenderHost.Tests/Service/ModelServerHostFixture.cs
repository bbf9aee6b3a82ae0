namespace ArrHost.RenderHost.Tests.Service;

/// <summary>
/// A render host that may download models from a loopback <see cref="ModelServer"/>: its
/// --allowed-urls lists three of the server's folders (/samples/, /oversized/, /held/; not /private/),
/// and its download limit is small so that an oversized body is cheap to send.
/// </summary>
public sealed class ModelServerHostFixture : IAsyncLifetime
{
    /// <summary>The host's download limit in this fixture.</summary>
    public const long DownloadLimit = 64 * 1024;

    private ModelServer? _models;
    private RenderHostFixture? _host;

    internal ModelServer Models => _models!;
    public RenderHostFixture Host => _host!;

    public async Task InitializeAsync()
    {
        _models = await ModelServer.StartAsync(oversizedBytes: 4 * DownloadLimit);
        var allowed = $"{_models.BaseUrl}/samples/, {_models.BaseUrl}/oversized/,{_models.BaseUrl}/held/";
        _host = new RenderHostFixture(o => o.AllowedUrls = allowed, s => s.MaxDownloadBytes = DownloadLimit);
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_models is not null) await _models.DisposeAsync();
    }
}
