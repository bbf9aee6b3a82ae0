using ArrHost.Tooling.Region;

namespace ArrHost.Tooling.Tests.Region;

/// <summary>How arr and arr-bench find the programs they start, without project references between executables.</summary>
public sealed class HostBinariesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("arr-bin-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Locate_FromAToolInACheckout_FindsTheSiblingProjectsOutputInTheToolsConfiguration()
    {
        File.WriteAllText(Path.Combine(_root, "ArrHost.sln"), "");
        var debug = Touch("src/RenderHost/bin/Debug/net10.0/arr-renderhost.dll");
        Touch("src/RenderHost/bin/Release/net10.0/arr-renderhost.dll");
        var tool = Directory.CreateDirectory(Path.Combine(_root, "src/Cli/bin/Debug/net10.0")).FullName;

        Assert.Equal(debug, HostBinaries.Locate("arr-renderhost.dll", tool, _ => null));
    }

    [Fact]
    public void Locate_BinDirVariable_WinsOverTheCheckout()
    {
        File.WriteAllText(Path.Combine(_root, "ArrHost.sln"), "");
        Touch("src/ControlPlane/bin/Release/net10.0/arr-controlplane.dll");
        var published = Touch("published/arr-controlplane.dll");
        var tool = Directory.CreateDirectory(Path.Combine(_root, "src/Cli/bin/Release/net10.0")).FullName;

        var found = HostBinaries.Locate("arr-controlplane.dll", tool, name => name == HostBinaries.DirectoryVariable ? Path.GetDirectoryName(published) : null);

        Assert.Equal(published, found);
    }

    [Fact]
    public void Locate_InstalledToolWithBinDirAtACheckout_FindsTheCheckoutsBuild()
    {
        File.WriteAllText(Path.Combine(_root, "ArrHost.sln"), "");
        var bench = Touch("src/Bench/bin/Release/net10.0/arr-bench.dll");
        var installed = Directory.CreateDirectory(Path.Combine(_root, "tools/.store/arr/0.3.0/arr/0.3.0/tools/net10.0/any")).FullName;
        var elsewhere = Directory.CreateTempSubdirectory("arr-tool-").FullName;
        try
        {
            Assert.Equal(bench, HostBinaries.Locate("arr-bench.dll", elsewhere, name => name == HostBinaries.DirectoryVariable ? _root : null));
            Assert.Throws<FileNotFoundException>(() => HostBinaries.Locate("arr-bench.dll", installed.Replace(_root, elsewhere), _ => null));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void Locate_NowhereToBeFound_NamesThePlacesAndTheFix()
    {
        var error = Assert.Throws<FileNotFoundException>(() => HostBinaries.Locate("arr-renderhost.dll", _root, _ => null));

        Assert.Contains("arr-renderhost.dll", error.Message);
        Assert.Contains(_root, error.Message);
        Assert.Contains(HostBinaries.DirectoryVariable, error.Message);
    }

    private string Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }
}
