namespace ArrHost.Integration.Tests.Browser;

/// <summary>
/// Where the browser tests put their screenshots: the test's own folder, and a copy in
/// $ARR_SCREENSHOT_DIR when it is set (how docs/images/viewer.png and dashboard.png are made).
/// </summary>
internal static class Screenshots
{
    public static void Publish(string path)
    {
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is not a screenshot");
        if (Environment.GetEnvironmentVariable("ARR_SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.Copy(path, Path.Combine(dir, Path.GetFileName(path)), overwrite: true);
        }
    }
}
