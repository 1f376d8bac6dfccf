using ByokAgent.Files;
using ByokAgent.Server.Auth;
using ByokAgent.Server.Errors;
using ByokAgent.Server.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Files;

/// <summary>
/// <c>/v1/files</c>: the project's files, through the same <see cref="IFileStore"/> and path rules as the agents' file
/// tools (so what an agent wrote can be downloaded, and an upload is there for the agent).
/// </summary>
internal static class FileEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/files", async (HttpContext context, IFileStore store, string? path, bool? recursive) =>
        {
            var listing = await store.ListAsync(context.Project().Id, path ?? string.Empty, recursive ?? false, context.RequestAborted);
            return TypedResults.Ok(new ListResponse<FileResponse>("list", [.. listing.Entries.Select(FileResponse.From)], listing.Truncated));
        }).WithName("ListFiles");

        v1.MapGet("/files/{*path}", async (string path, HttpContext context, IFileStore store) =>
        {
            var projectId = context.Project().Id;
            var entry = await store.StatAsync(projectId, path, context.RequestAborted);
            if (entry is null || entry.IsDirectory)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.FileNotFound, $"No file '{path}' in this project.");
            }

            var content = await store.OpenReadAsync(projectId, path, context.RequestAborted);
            return TypedResults.Stream(content, entry.ContentType ?? "application/octet-stream", Path.GetFileName(entry.Path), entry.ModifiedAt);
        }).WithName("DownloadFile");

        v1.MapPut("/files/{*path}", async (string path, HttpContext context, IFileStore store, IOptions<FileStoreOptions> options) =>
        {
            // The upload limit is the file quota: larger bodies are cut off by Kestrel with 413 before they are read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.Value.MaxFileBytes;
            }

            var tooLarge = $"The file is larger than the limit of {options.Value.MaxFileBytes} bytes.";
            if (context.Request.ContentLength > options.Value.MaxFileBytes)
            {
                return UploadRefused(context, tooLarge);
            }

            var existed = await store.StatAsync(context.Project().Id, path, context.RequestAborted) is not null;
            FileEntry entry;
            try
            {
                entry = await store.WriteAsync(context.Project().Id, path, context.Request.Body, context.RequestAborted);
            }
            catch (FileQuotaExceededException quota)
            {
                return UploadRefused(context, quota.Message);
            }
            catch (BadHttpRequestException kestrel) when (kestrel.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // An upload without Content-Length, cut off by Kestrel at the limit set above.
                return UploadRefused(context, tooLarge);
            }

            return existed ? TypedResults.Ok(FileResponse.From(entry)) : TypedResults.Created($"/v1/files/{entry.Path}", FileResponse.From(entry));
        }).WithName("UploadFile");

        v1.MapDelete("/files/{*path}", async (string path, HttpContext context, IFileStore store) =>
            await store.DeleteAsync(context.Project().Id, path, context.RequestAborted)
                ? TypedResults.Ok(new DeletedResponse(path, "file", Deleted: true))
                : ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.FileNotFound, $"No file '{path}' in this project."))
            .WithName("DeleteFile");
    }

    // The rest of a refused upload stays unread, so the connection cannot carry another request: saying so keeps a client
    // from sending its next request on a connection Kestrel is about to close.
    private static IResult UploadRefused(HttpContext context, string message)
    {
        context.Response.Headers.Connection = "close";
        return ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.FileTooLarge, message);
    }
}

/// <summary>A file or folder of the project.</summary>
public sealed record FileResponse(string Path, string Object, long Size, DateTimeOffset ModifiedAt, string? ContentType)
{
    public static FileResponse From(FileEntry entry) =>
        new(entry.Path, entry.IsDirectory ? "folder" : "file", entry.Size, entry.ModifiedAt, entry.ContentType);
}
