namespace ArrHost.ControlPlane.Conversions;

/// <summary>Input from an allowed http(s) container: files are GETs of container/path (with the read SAS as the query, when given).</summary>
internal sealed class HttpAssetSource(HttpClient http, Uri container, string? sas, ByteBudget budget) : IAssetSource
{
    public async Task<byte[]> ReadAsync(string relativePath, CancellationToken ct)
    {
        var escaped = string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));
        var uri = new Uri(container.AbsoluteUri.TrimEnd('/') + "/" + escaped + (string.IsNullOrEmpty(sas) ? "" : "?" + sas.TrimStart('?')));
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ConversionFailure("InputNotFound", $"GET of '{relativePath}' from the input container failed: {e.Message}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new ConversionFailure("InputNotFound", $"GET of '{relativePath}' from the input container answered {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > budget.Left)
                throw new ConversionFailure("InputTooLarge", $"'{relativePath}' takes the input over the limit of {budget.Limit} bytes.");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(chunk, ct)) > 0)
            {
                budget.Charge(n, relativePath);
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
    }
}
