/**
 * The input side of an AWS service model, reduced to what request validation needs: for each
 * operation its input shape, and for each shape its type and constraints. The tables are extracted
 * from botocore's service-2.json (the same models the SDKs are generated from) by
 * extract-input-model.ts; input-models.test.ts keeps the checked-in copy equal to botocore's.
 */
export interface InputShape {
  type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'boolean'
    | 'blob'
    | 'timestamp'
    | 'double'
    | 'float';
  /** structure: member name -> shape name. */
  members?: Record<string, string>;
  required?: string[];
  /** list: the member shape; map: the key and value shapes. */
  member?: string;
  key?: string;
  value?: string;
  /** Length for strings, lists, maps and blobs; value for numbers. */
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  /** Never echoed in validation messages. */
  sensitive?: boolean;
}

export interface InputModel {
  /** The service model's apiVersion, so a test can tell which botocore model it came from. */
  apiVersion: string;
  /** operation name -> input shape name. */
  operations: Record<string, string>;
  shapes: Record<string, InputShape>;
}
