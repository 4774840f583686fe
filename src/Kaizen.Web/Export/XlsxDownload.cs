using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Kaizen.Web.Export;

// A workbook written into the response body as it is made. The whole file is never held: at national scale it is
// 150 MB (nearly 1 GB of sheet XML), and writing it to a temporary file first cost its full writing time before the
// first byte went out, then the time to send it. The zip writer is synchronous (so is the sheets' compressor thread),
// so synchronous writes are allowed for this response only; they go through a buffer so Kestrel sees large writes.
// Nothing reaches the client until the buffer first fills, so a failure before then (reading the figures, the first
// sheets) still gets the error page; a failure after that ends the download short, and the zip without its directory
// does not open.
public sealed class XlsxDownload(string fileName, string contentType, Func<Stream, Task> write) : IActionResult
{
    internal const int BufferSize = 256 * 1024;

    public string FileName => fileName;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var syncIo = context.HttpContext.Features.Get<IHttpBodyControlFeature>();
        if (syncIo is not null) syncIo.AllowSynchronousIO = true;
        response.ContentType = contentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();

        using var body = new ResponseBuffer(response.Body);
        try
        {
            await write(body);
        }
        catch when (!body.Started)
        {
            // Nothing was sent: the exception handler can still answer with the error page.
            response.Headers.Remove(HeaderNames.ContentDisposition);
            throw;
        }
        await body.FlushAsync(context.HttpContext.RequestAborted);
    }

    // Holds writes until BufferSize bytes have gathered, then hands them on in one write.
    private sealed class ResponseBuffer(Stream body) : WriteOnlyStream
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        private int _count;

        public bool Started { get; private set; }

        public override void Write(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                if (_count == _buffer.Length) Send();
                int n = Math.Min(data.Length, _buffer.Length - _count);
                data[..n].CopyTo(_buffer.AsSpan(_count));
                _count += n;
                data = data[n..];
            }
        }

        private void Send()
        {
            Started = true;
            body.Write(_buffer, 0, _count);
            _count = 0;
        }

        // Writes are held until the buffer fills; only the end of the download sends what is left.
        public override void Flush() { }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_count > 0)
            {
                Started = true;
                await body.WriteAsync(_buffer.AsMemory(0, _count), cancellationToken);
                _count = 0;
            }
            await body.FlushAsync(cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            base.Dispose(disposing);
        }
    }
}
