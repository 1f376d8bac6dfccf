namespace ByokAgent.Testing.Responses;

/// <summary>Status line and headers of a response, before its body.</summary>
internal static class ResponseHeaders
{
    public static void Apply(
        HttpResponse response,
        int status,
        string contentType,
        IReadOnlyDictionary<string, string>? headers,
        IReadOnlyDictionary<string, string>? extraHeaders)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        Copy(response, headers);
        // Extra headers come last so a test can override what a fixture or the wire would send.
        Copy(response, extraHeaders);
    }

    private static void Copy(HttpResponse response, IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return;
        }

        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }
    }
}
