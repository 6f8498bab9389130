package s3

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
)

// checksumSetupID is the SDK middleware that decides which checksum the SDK
// computes for a request (and so which x-amz-checksum-* header, trailer and
// content encoding it sends).
const checksumSetupID = "AWSChecksum:SetupInputContext"

// noUploadChecksums makes object uploads carry no checksum headers.
// Setting the client's RequestChecksumCalculation to WhenRequired is not
// enough: the transfer manager that uploads objects sets its own value on
// every call, WhenSupported by default, and names CRC32 on the input. So the
// checksum fields of upload inputs are cleared, and the SDK's checksum setup
// is skipped for uploads (kept for everything else, such as DeleteObjects,
// which S3 requires a checksum for).
func noUploadChecksums(stack *middleware.Stack) error {
	clear := middleware.InitializeMiddlewareFunc("tarn/clear-upload-checksums",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			clearChecksums(in.Parameters)
			return next.HandleInitialize(ctx, in)
		})
	if err := stack.Initialize.Add(clear, middleware.Before); err != nil {
		return err
	}
	skip := &skipUploadChecksumSetup{}
	if orig, err := stack.Initialize.Swap(checksumSetupID, skip); err == nil {
		skip.orig = orig
	}
	return nil
}

// clearChecksums empties the checksum fields of an upload's input and
// reports whether it was an upload.
func clearChecksums(params any) bool {
	switch v := params.(type) {
	case *s3.PutObjectInput:
		v.ChecksumAlgorithm = ""
		v.ChecksumCRC32, v.ChecksumCRC32C, v.ChecksumCRC64NVME = nil, nil, nil
		v.ChecksumSHA1, v.ChecksumSHA256 = nil, nil
	case *s3.UploadPartInput:
		v.ChecksumAlgorithm = ""
		v.ChecksumCRC32, v.ChecksumCRC32C, v.ChecksumCRC64NVME = nil, nil, nil
		v.ChecksumSHA1, v.ChecksumSHA256 = nil, nil
	case *s3.CreateMultipartUploadInput:
		v.ChecksumAlgorithm = ""
		v.ChecksumType = ""
	case *s3.CompleteMultipartUploadInput:
		v.ChecksumType = ""
		v.ChecksumCRC32, v.ChecksumCRC32C, v.ChecksumCRC64NVME = nil, nil, nil
		v.ChecksumSHA1, v.ChecksumSHA256 = nil, nil
	default:
		return false
	}
	return true
}

// skipUploadChecksumSetup stands in for the SDK's checksum setup: uploads
// skip it, every other operation runs it unchanged.
type skipUploadChecksumSetup struct {
	orig middleware.InitializeMiddleware
}

func (m *skipUploadChecksumSetup) ID() string { return checksumSetupID }

func (m *skipUploadChecksumSetup) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	if clearChecksums(in.Parameters) || m.orig == nil {
		return next.HandleInitialize(ctx, in)
	}
	return m.orig.HandleInitialize(ctx, in, next)
}
