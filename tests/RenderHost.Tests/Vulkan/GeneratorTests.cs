using ArrHost.Tools.VkGen;

namespace ArrHost.RenderHost.Tests.Vulkan;

public sealed class GeneratorTests
{
    private const string Registry = "/usr/share/vulkan/registry/vk.xml";

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArrHost.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ArrHost.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Generate_FromInstalledRegistry_MatchesCommittedOutput()
    {
        Assert.True(File.Exists(Registry), $"{Registry} is missing: apt-get install libvulkan-dev");
        var files = Generator.Load(Registry).Generate();
        var folder = Path.Combine(RepoRoot(), "src", "RenderHost", "Vulkan", "Generated");
        var committed = Directory.GetFiles(folder, "*.g.cs").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(files.Keys.Order().ToArray(), committed);
        foreach (var (name, text) in files)
            Assert.True(File.ReadAllText(Path.Combine(folder, name)) == text,
                $"src/RenderHost/Vulkan/Generated/{name} is stale. Regenerate: {Generator.RegenerateCommand}");
    }

    [Fact]
    public void Generate_EveryFile_NamesTheRegenerateCommand()
    {
        foreach (var (_, text) in Generator.Load(Registry).Generate())
            Assert.Contains(Generator.RegenerateCommand, text);
    }

    [Fact]
    public void Generate_UnknownCommandInRegistry_FailsLoudly()
    {
        var doc = System.Xml.Linq.XDocument.Load(Registry);
        // Remove one allow-listed command: the generator must refuse rather than skip it.
        doc.Root!.Element("commands")!.Elements("command")
            .First(c => c.Element("proto")?.Element("name")?.Value == "vkCreateImage").Remove();
        var e = Assert.Throws<GeneratorException>(() => new Generator(doc).Generate());
        Assert.Contains("vkCreateImage", e.Message);
    }

    [Fact]
    public void Generate_EnumNames_FollowVorticeStyle()
    {
        var enums = Generator.Load(Registry).Generate()["Enums.g.cs"];
        Assert.Contains("R8G8B8A8Srgb = 43,", enums);
        Assert.Contains("D32Sfloat = 126,", enums);
        Assert.Contains("Uint32 = 1,", enums);
        Assert.Contains("ColorAttachment = 0x10,", enums);
    }
}
