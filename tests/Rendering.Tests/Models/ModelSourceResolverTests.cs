using ArrHost.Rendering.Models;

namespace ArrHost.Rendering.Tests.Models;

/// <summary>Model URLs in the file:/// form a conversion reports as its outputAssetUri.</summary>
public sealed class ModelSourceResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("arr-assets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ModelSourceResolver Resolver() => new(new ModelSourceOptions { AssetRoot = _root }, new HttpClient());

    [Fact]
    public async Task ResolveAsync_FileUriUnderAssetRoot_ResolvesToThatFile()
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "converted")).FullName, "box.glb");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);

        var source = await Resolver().ResolveAsync(new Uri(path).AbsoluteUri, null, default);

        Assert.Equal(path, source.FilePath);
        Assert.Null(source.TempFolder);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "PermissionDenied")]
    [InlineData("file://example.com/share/box.glb", "PermissionDenied")]
    public async Task ResolveAsync_FileUriOutsideAssetRootOrRemote_Refused(string url, string code)
    {
        var error = await Assert.ThrowsAsync<ModelSourceException>(() => Resolver().ResolveAsync(url, null, default));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task ResolveAsync_FileUriUnderRootButMissing_NotFound()
    {
        var error = await Assert.ThrowsAsync<ModelSourceException>(() =>
            Resolver().ResolveAsync(new Uri(Path.Combine(_root, "converted", "none.glb")).AbsoluteUri, null, default));

        Assert.Equal("NotFound", error.Code);
    }
}
