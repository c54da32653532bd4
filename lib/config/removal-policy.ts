import { RemovalPolicy } from 'aws-cdk-lib';
import type { EnvironmentConfig } from './environment-config.ts';

/** The CDK removal policy for everything that holds data or logs in this environment. */
export const removalPolicyOf = (config: EnvironmentConfig): RemovalPolicy => (config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

/** A resource we mean to keep is also protected from a delete outside CloudFormation. */
export const isProtected = (config: EnvironmentConfig): boolean => config.removalPolicy === 'retain';
