/**
 * An SQS error as the JSON protocol carries it. `type` is the error's shape name, `queryCode`
 * the AWS Query error code SQS sends beside it in `x-amzn-query-error`: the SDK (built
 * "awsQueryCompatible") looks for the code first, so both must be right for it to raise the
 * named exception (`QueueDoesNotExist`, `ReceiptHandleIsInvalid`, ...). Codes and statuses are
 * the ones in @aws-sdk/client-sqs's error schemas.
 */
export class SqsError extends Error {
  constructor(
    readonly type: string,
    readonly queryCode: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const queueDoesNotExist = (): SqsError =>
  new SqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400, 'The specified queue does not exist.');

export const queueNameExists = (name: string): SqsError =>
  new SqsError('QueueNameExists', 'QueueAlreadyExists', 400, `A queue named ${name} already exists.`);

export const invalidAddress = (address: string): SqsError =>
  new SqsError('InvalidAddress', 'InvalidAddress', 404, `The address ${address} is not valid for this endpoint.`);

export const receiptHandleIsInvalid = (handle: string): SqsError =>
  new SqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404, `The input receipt handle "${handle}" is not a valid receipt handle.`);

export const messageNotInflight = (): SqsError =>
  new SqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 400, "The message referred to isn't in flight.");

export const missingParameter = (name: string): SqsError =>
  new SqsError('MissingParameter', 'MissingParameter', 400, `The request must contain the parameter ${name}.`);

export const invalidParameterValue = (message: string): SqsError =>
  new SqsError('InvalidParameterValue', 'InvalidParameterValue', 400, message);

export const invalidAttributeName = (name: string, known: readonly string[]): SqsError =>
  new SqsError('InvalidAttributeName', 'InvalidAttributeName', 400, `Unknown Attribute ${name}. The local SQS knows ${known.join(', ')}.`);

export const invalidMessageContents = (): SqsError =>
  new SqsError('InvalidMessageContents', 'InvalidMessageContents', 400,
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');

export const resourceNotFound = (): SqsError =>
  new SqsError('ResourceNotFoundException', 'ResourceNotFoundException', 404, 'The resource that you requested does not exist.');

/** For SQS features real SQS has and this emulator deliberately lacks, so nothing is silently ignored. */
export const notEmulated = (feature: string): SqsError =>
  new SqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400, `The local SQS does not emulate ${feature}.`);

export const unknownOperation = (target: string): SqsError =>
  new SqsError('UnknownOperationException', 'UnknownOperationException', 400, `The local SQS does not emulate the operation ${JSON.stringify(target)}.`);

export const serializationError = (message: string): SqsError =>
  new SqsError('SerializationException', 'SerializationException', 400, message);
