using System.Buffers;
using System.Text;

namespace ByokAgent.Files;

public sealed partial class LocalFileStore
{
    private const int ReadBufferSize = 16 * 1024;

    /// <inheritdoc />
    /// <remarks>Offsets count UTF-16 characters; a slice never ends between the two halves of a surrogate pair.</remarks>
    public async Task<FileText> ReadTextAsync(string projectId, string path, long offset = 0, int? maxChars = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (maxChars is { } requested)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requested, nameof(maxChars));
        }

        var (_, target) = Resolve(projectId, path, "read");
        var info = RequireFile(target);
        var take = Math.Min(maxChars ?? _options.MaxReadChars, _options.MaxReadChars);

        var stream = OpenShared(info.FullName);
        await using (stream.ConfigureAwait(false))
        {
            var entry = FileEntries.From(target.RelativePath, info);
            if (!ContentTypes.IsTextual(entry.ContentType!) || await StartsBinaryAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                throw new FileNotTextException(entry);
            }

            stream.Position = 0;
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferSize, leaveOpen: true);
            if (!await SkipAsync(reader, offset, cancellationToken).ConfigureAwait(false))
            {
                return new FileText(entry, string.Empty, offset, NextOffset: null);
            }

            // One character past the slice tells whether more follows, without a second pass over the file.
            var buffer = new char[take + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            var length = Math.Min(read, take);
            if (read > take && char.IsHighSurrogate(buffer[length - 1]) && length > 1)
            {
                length--;
            }

            return new FileText(entry, new string(buffer, 0, length), offset, read > length ? offset + length : null);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string projectId, string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (_, target) = Resolve(projectId, path, "open");
        return Task.FromResult<Stream>(OpenShared(RequireFile(target).FullName));
    }

    // Readers let writers rename over the file meanwhile: the reader keeps the version it opened.
    private static FileStream OpenShared(string fullPath) =>
        new(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ReadBufferSize, FileOptions.Asynchronous);

    private static async Task<bool> StartsBinaryAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = ArrayPool<byte>.Shared.Rent(ContentTypes.SniffLength);
        try
        {
            var read = await stream.ReadAtLeastAsync(head.AsMemory(0, ContentTypes.SniffLength), ContentTypes.SniffLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return ContentTypes.LooksBinary(head.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    // False when the file ends before the offset.
    private static async Task<bool> SkipAsync(StreamReader reader, long offset, CancellationToken cancellationToken)
    {
        if (offset == 0)
        {
            return true;
        }

        var buffer = ArrayPool<char>.Shared.Rent(ReadBufferSize);
        try
        {
            var remaining = offset;
            while (remaining > 0)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(remaining, ReadBufferSize)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                remaining -= read;
            }

            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
