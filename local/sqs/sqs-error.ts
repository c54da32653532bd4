/**
 * An SQS error as the JSON protocol carries it. `type` is the error's shape name, `queryCode`
 * the AWS Query code SQS sends beside it in `x-amzn-query-error`: @aws-sdk/client-sqs (built
 * "awsQueryCompatible") reads the code first, so both must be right for it to raise the named
 * exception (`QueueDoesNotExist`, `MessageNotInflight`, ...).
 */
export class SqsError extends Error {
  constructor(
    readonly type: string,
    readonly queryCode: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}
