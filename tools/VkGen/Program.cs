using ArrHost.Tools.VkGen;

// vkgen VK_XML OUT_DIR [--check]
// Writes the generated bindings into OUT_DIR (or, with --check, exits 1 when they differ).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: vkgen <vk.xml> <output folder> [--check]");
    return 2;
}
try
{
    var files = Generator.Load(args[0]).Generate();
    var check = args.Contains("--check");
    var stale = new List<string>();
    Directory.CreateDirectory(args[1]);
    foreach (var (name, text) in files)
    {
        var path = Path.Combine(args[1], name);
        var old = File.Exists(path) ? File.ReadAllText(path) : null;
        if (old == text) continue;
        stale.Add(name);
        if (!check) File.WriteAllText(path, text);
    }
    foreach (var path in Directory.GetFiles(args[1], "*.g.cs"))
        if (!files.ContainsKey(Path.GetFileName(path)))
        {
            stale.Add(Path.GetFileName(path));
            if (!check) File.Delete(path);
        }
    Console.WriteLine(check
        ? stale.Count == 0 ? "vkgen: up to date" : "vkgen: stale: " + string.Join(", ", stale)
        : $"vkgen: {files.Count} files, {stale.Count} changed, in {args[1]}");
    return check && stale.Count > 0 ? 1 : 0;
}
catch (GeneratorException e)
{
    Console.Error.WriteLine("vkgen: error: " + e.Message);
    return 1;
}
